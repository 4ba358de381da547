import { serveService } from '../serveService';

/** The service as production wires it (createApp, Redis state), LINE at the local double. */
serveService('redis');
