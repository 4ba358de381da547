import type { Server } from 'restify';
import { SECURITY_HEADERS } from './securityHeaders';
import type { Texts } from '../i18n/i18n';
import type { Metrics } from '../platform/metrics';
import { serveAsset } from './assets';
import { BearerTokens } from './bearerTokens';
import type { Health } from './healthRoute';
import { renderManualPage } from './manualPage';
import { requestLanguage } from './requestLanguage';

export interface OperationalRouteDeps {
  /** `checkHealth` over the service's Redis connection and job engine (the composition root holds them). */
  health: () => Promise<Health>;
  metrics: Metrics;
  texts: Texts;
  callCenterPhone: string;
  /** Bearer token `/metrics` requires; unset = open (development only: production refuses). */
  metricsToken?: string;
}

/**
 * `/healthz`, `/metrics` (behind `Authorization: Bearer <METRICS_TOKEN>` when a token is set),
 * the pages' shared `/assets/` and the operating manual at `/manual`.
 */
export function registerOperationalRoutes(server: Server, deps: OperationalRouteDeps): void {
  const { metrics, texts } = deps;
  const metricsTokens =
    deps.metricsToken === undefined
      ? undefined
      : new BearerTokens([{ name: 'metrics', token: deps.metricsToken }]);
  // 503 takes the instance out of the load balancer while its state cannot be reached.
  server.get('/healthz', async (_req, res) => {
    const health = await deps.health();
    res.send(health.status === 'ok' ? 200 : 503, health, { 'Cache-Control': 'no-store' });
  });
  server.get('/metrics', async (req, res) => {
    if (metricsTokens && metricsTokens.check(req.header('authorization')).kind !== 'valid') {
      res.sendRaw(401, 'Unauthorized\n', {
        'Content-Type': 'text/plain; charset=utf-8',
        'WWW-Authenticate': 'Bearer realm="metrics"',
        'Cache-Control': 'no-store',
      });
      return;
    }
    const body = await metrics.registry.metrics();
    res.sendRaw(200, body, { 'Content-Type': metrics.registry.contentType });
  });
  server.get('/assets/:file', serveAsset);
  server.get('/manual', async (req, res) => {
    const language = requestLanguage(req.getQuery(), req.header('accept-language'));
    res.sendRaw(200, renderManualPage(texts, language, deps.callCenterPhone), {
      'Content-Type': 'text/html; charset=utf-8',
      ...SECURITY_HEADERS,
    });
  });
}
