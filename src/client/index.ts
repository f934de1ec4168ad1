export { HttpEnvClient, type HttpClientOptions } from './http-client.js';
export { WsEnvClient, type WsClientOptions, type WebSocketFactory, type WebSocketLike } from './ws-client.js';
export { errorFromReply, toStepResult } from './wire.js';
