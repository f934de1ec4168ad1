export { HttpEnvClient, type HttpClientOptions } from './http-client.js';
export { WsEnvClient, type WsClientOptions, type WebSocketFactory, type WebSocketLike } from './ws-client.js';
export { ReadClient, type ReadClientOptions, type TaskSchemas, type EpisodeKey } from './read-client.js';
export { errorFromReply, toStepResult } from './wire.js';
