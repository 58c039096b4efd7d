import { Controller, Get, Res } from '@nestjs/common';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics';
import type { HttpResponse } from './http/http-types';

/** GET /metrics: the process registry in the Prometheus text format. */
@Controller('metrics')
export class MetricsController {
  @Get()
  async metrics(@Res() res: HttpResponse): Promise<void> {
    const body = await metricsText();
    res.setHeader('Content-Type', METRICS_CONTENT_TYPE);
    res.status(200).send(body);
  }
}
