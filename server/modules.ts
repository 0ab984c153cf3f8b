import type { Core, DomainModule } from './core';

/**
 * Builds the domain modules in dependency order; a later module receives the services
 * of earlier ones explicitly (a domain calls another's service, never its repository).
 */
export async function createModules(core: Core): Promise<DomainModule[]> {
  void core;
  return [];
}
