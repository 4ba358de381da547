/** The web-chat channel: what the composition root wires. */
export { MemoryWebChatOutbox, type MemoryWebChatOutboxOptions } from './memoryWebChatOutbox';
export { RedisWebChatOutbox, type RedisWebChatOutboxOptions } from './redisWebChatOutbox';
export { registerWebChatRoutes, type WebChatRouteDeps } from './registerWebChatRoutes';
export { WebChatAdapter, type WebChatAdapterDeps } from './webChatAdapter';
export { WEBCHAT_CHANNEL_ID } from './webChatActivity';
export { DEFAULT_WEBCHAT_LIMITS, type WebChatLimits } from './webChatLimits';
export type { WebChatOutbox } from './webChatOutbox';
export type { WebChatPayload } from './webChatPayload';
