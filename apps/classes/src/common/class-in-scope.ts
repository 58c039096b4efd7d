import { classAccess, enforce, notFoundError, type Principal } from '@roster/authz';
import type { EntityManager } from '@roster/persistence';
import type { ClassesRepository } from '../persistence/classes.repository';

/**
 * The class a use case acts on, once the policy allows it: an unknown id and a class outside the caller's scope
 * are the same 404 (`CLASSES.CLASS_NOT_FOUND`). `lock` takes the class row for update first, as every command
 * that changes the class or its enrollments does (ADR 0003: writers of a key lock it before writing).
 */
export async function classInScope(classes: ClassesRepository, em: EntityManager, principal: Principal, id: string, lock = false) {
  const cls = await classes.find(em, id, lock);
  if (!cls) throw notFoundError('class');
  enforce(classAccess(principal, cls));
  return cls;
}
