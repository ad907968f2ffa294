import type { Authorisation } from '../legal/schemas.js';

/** The legal-basis register's table; the register service keeps the whole (small) list in memory. */
export interface AuthorisationRepo {
  list(): Promise<Authorisation[]>;
  get(id: string): Promise<Authorisation | undefined>;
  insert(a: Authorisation): Promise<void>;
  update(a: Authorisation): Promise<void>;
}

/** Where authorisation documents are kept, by their SHA-256 (the same file twice is stored once). */
export interface LegalDocuments {
  put(sha256: string, bytes: Buffer): Promise<void>;
  read(sha256: string): Promise<Buffer | undefined>;
}
