/**
 * json-bigint, the JSON parser pop-core uses (a dependency of @alicloud/pop-core, untyped): replies parsed with it
 * hold BigNumber objects for integers above 2^53 and null-prototype objects.
 */
export const JSONbig = require("json-bigint") as { parse(text: string): unknown };
