import { serveService } from '../serveService';

/** The service in memory mode (no `REDIS_URL`), LINE at the local double. */
serveService('memory');
