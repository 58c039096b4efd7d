import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { dirname, join } from 'node:path';

export const OPENAPI_DOCUMENT = Symbol.for('roster.gateway.openapi');

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Roster API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });\n`;

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

interface SendFile {
  type(contentType: string): SendFile;
  sendFile(path: string, options: { maxAge: number }): void;
}

/** The OpenAPI document (JSON) and a Swagger UI page using only same-origin scripts and styles (strict CSP). */
@Controller('api')
export class DocsController {
  private readonly swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));

  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: Record<string, unknown>) {}

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return page;
  }

  @Get('docs/init.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  init(): string {
    return init;
  }

  @Get('docs/assets/:file')
  asset(@Param('file') file: string, @Res() res: SendFile): void {
    const type = assets[file];
    if (!type) throw new NotFoundException();
    res.type(type).sendFile(join(this.swaggerDir, file), { maxAge: 3600_000 });
  }
}
