// First, for its effect: re-executes the process with a bounded young generation (libs/runtime).
import '@roster/runtime';
import './tracing';
import { parseEnv, runServiceMain } from '@roster/http';
import { classesEnv, loadCourseCatalog } from './config';
import { createClassesService } from './service';

void runServiceMain('classes', async (ctx) => {
  const env = parseEnv(classesEnv, ctx.env);
  return createClassesService({
    databaseUrl: env.DATABASE_URL,
    internalAuthSecret: env.INTERNAL_AUTH_SECRET,
    identityUrl: env.IDENTITY_URL,
    courses: loadCourseCatalog(env),
    bus: ctx.bus,
    logger: ctx.logger,
    roles: ctx.roles,
    migrate: false,
  });
});
