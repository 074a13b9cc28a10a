/** The emulator's API error type, apart from protocol.ts so keys.ts (which protocol.ts reads) can throw it too. */
/** An API error: rendered as Alibaba's error body with this HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
