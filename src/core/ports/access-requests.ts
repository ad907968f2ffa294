import type { AccessRequest } from '../access-requests/schemas.js';

/** The register of right-of-access requests (tens a year: the service filters the whole list in memory). */
export interface AccessRequestRepo {
  list(): Promise<AccessRequest[]>;
  get(id: string): Promise<AccessRequest | undefined>;
  insert(r: AccessRequest): Promise<void>;
  update(r: AccessRequest): Promise<void>;
}
