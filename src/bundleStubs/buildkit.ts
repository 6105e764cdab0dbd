// Stands in for @grpc/grpc-js, @grpc/proto-loader and protobufjs in the bundle (scripts/build.mjs
// aliases them here). dockerode needs them only for BuildKit sessions (`version: "2"` builds), which
// the extension never asks for: it builds with the Engine API's classic builder. They would also
// fail in a bundle anyway, as they read .proto files beside dockerode's own sources.
function unavailable(): never {
    throw new Error('Azure Docker Hosts does not bundle BuildKit sessions; builds use the Engine API\'s classic builder.');
}

export const Server = unavailable;
export const ServerCredentials = { createInsecure: unavailable };
export const loadPackageDefinition = unavailable;
export const loadSync = unavailable;
