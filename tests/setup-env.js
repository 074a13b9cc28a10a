// Runs before every test file: no test may reach the ECS metadata service, and no ambient credentials leak in.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
