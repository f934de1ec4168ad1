export { createApp, OPENAPI_VERSION, type FiredrillApp } from './app.js';
export { listen, type ListenOptions, type RunningServer } from './listen.js';
export { type AppDeps, type EnvMetadata, type Limits, type LoggerOptions, DEFAULT_LIMITS } from './options.js';
export { type SessionOptions, DEFAULT_SESSION_OPTIONS, DEFAULT_SESSION_ID, NEW_SESSION_ID } from './sessions.js';
export { type CorsOptions } from './cors.js';
