import type { Role } from '../ports/store.js';

/** Who is acting: a logged-in user or an API token acting as its user. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  sectorIds: string[];
  via: 'session' | 'token' | 'cli';
  tokenId?: string;
}

export const SYSTEM: Principal = { userId: 'system', username: 'system', role: 'admin', sectorIds: [], via: 'cli' };

/** Admins and auditors see the whole fleet; supervisors and operators only their sectors (habilitation, L10). */
export function sectorScope(p: Principal): string[] | undefined {
  return p.role === 'admin' || p.role === 'auditor' ? undefined : p.sectorIds;
}

export function canSeeSector(p: Principal, sectorId: string): boolean {
  const scope = sectorScope(p);
  return scope === undefined || scope.includes(sectorId);
}

export type Permission =
  | 'fleet.read'
  | 'fleet.write'
  | 'users.manage'
  | 'audit.read'
  | 'tokens.own'
  | 'recordings.view'
  | 'recordings.export'
  | 'holds.read'
  | 'holds.manage'
  | 'alarms.read'
  | 'alarms.handle'
  | 'alarms.assign'
  | 'legal.read'
  | 'legal.write'
  | 'access_requests.read'
  | 'access_requests.handle'
  | 'video.reveal'
  | 'reveals.read';

// Footage: operators watch it; exports and evidence holds (footage leaving or outliving retention) are for supervisors.
// Access requests: supervisors answer them (they export footage already); auditors check the register.
// Reveals (a blurred camera seen clear for a while): those who watch live may reveal, with a reason; supervisors,
// admins and auditors read the report.
// Alarms: operators handle them (and may take one themselves); handing one to someone else is for supervisors.
const grants: Record<Role, Permission[]> = {
  admin: [
    'fleet.read',
    'fleet.write',
    'users.manage',
    'audit.read',
    'tokens.own',
    'recordings.view',
    'recordings.export',
    'holds.read',
    'holds.manage',
    'alarms.read',
    'alarms.handle',
    'alarms.assign',
    'legal.read',
    'legal.write',
    'access_requests.read',
    'access_requests.handle',
    'video.reveal',
    'reveals.read',
  ],
  supervisor: [
    'fleet.read',
    'tokens.own',
    'recordings.view',
    'recordings.export',
    'holds.read',
    'holds.manage',
    'alarms.read',
    'alarms.handle',
    'alarms.assign',
    'legal.read',
    'access_requests.read',
    'access_requests.handle',
    'video.reveal',
    'reveals.read',
  ],
  operator: ['fleet.read', 'recordings.view', 'alarms.read', 'alarms.handle', 'video.reveal'],
  auditor: [
    'fleet.read',
    'audit.read',
    'tokens.own',
    'holds.read',
    'alarms.read',
    'legal.read',
    'access_requests.read',
    'reveals.read',
  ],
};

export function can(p: Principal, perm: Permission): boolean {
  return grants[p.role].includes(perm);
}
