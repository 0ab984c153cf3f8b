/**
 * Contract for organizations taking part in a forum: registration by a representative,
 * the organizers' confirmation, and the public facts that items and documents carry.
 */
import { z } from 'zod/mini';
import { ForumKeyPath, ForumPath } from './agenda.contract';
import { Id, LocalizedText, PlainLine } from './base';
import type { HttpRoute } from './http-route';

export const ORG_KINDS = ['ngo', 'business', 'state', 'international', 'academic', 'media'] as const;
export const OrgKind = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof OrgKind>;

/** The regions of Kazakhstan: 17 oblasts and the 3 cities of republican significance. */
export const REGIONS = [
  'astana',
  'almaty_city',
  'shymkent',
  'abai',
  'akmola',
  'aktobe',
  'almaty',
  'atyrau',
  'east_kazakhstan',
  'jambyl',
  'jetisu',
  'karaganda',
  'kostanay',
  'kyzylorda',
  'mangystau',
  'north_kazakhstan',
  'pavlodar',
  'turkistan',
  'ulytau',
  'west_kazakhstan',
] as const;
export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export const RegistrationStatus = z.enum(REGISTRATION_STATUSES);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

/** A new organization, as its representative describes it. */
export const NewOrganization = z.strictObject({
  name: LocalizedText(200),
  kind: OrgKind,
  region: Region,
  /** Kept private: only the forum's organizers see it, to check the registration. */
  contactEmail: z.email().check(z.maxLength(254)),
});
export type NewOrganization = z.infer<typeof NewOrganization>;

/** Register as a representative of a new organization, or of one already confirmed in the forum. */
export const RegisterInput = z.union([
  z.strictObject({ organization: NewOrganization }),
  z.strictObject({ organizationId: Id }),
]);
export type RegisterInput = z.infer<typeof RegisterInput>;

/** What items and documents show of an organization. */
export const OrgRef = z.object({
  id: Id,
  name: z.record(z.string(), z.string()),
  kind: OrgKind,
  region: Region,
});
export type OrgRef = z.infer<typeof OrgRef>;

/** The caller's own registration in a forum (none: null). */
export const MyRegistration = z.object({
  id: Id,
  status: RegistrationStatus,
  organization: OrgRef,
  rejectReason: z.nullable(z.string()),
  createdAt: z.string(),
});
export type MyRegistration = z.infer<typeof MyRegistration>;

/** A registration as organizers review it, with the private contact. */
export const RegistrationView = z.extend(MyRegistration, {
  forumId: Id,
  personName: z.nullable(z.string()),
  /** Whether the organization itself is new (its first registration decides it). */
  organizationStatus: RegistrationStatus,
  contactEmail: z.string(),
  decidedAt: z.nullable(z.string()),
});
export type RegistrationView = z.infer<typeof RegistrationView>;

export const RegistrationFilter = z.strictObject({
  status: z.optional(RegistrationStatus),
  kind: z.optional(OrgKind),
  region: z.optional(Region),
  /** Part of the organization's name, in any language. */
  q: z.optional(PlainLine(100)),
});
export type RegistrationFilter = z.infer<typeof RegistrationFilter>;

export const DecideInput = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('confirm') }),
  z.strictObject({ decision: z.literal('reject'), reason: z.optional(PlainLine(500)) }),
]);
export type DecideInput = z.infer<typeof DecideInput>;

/** A forum's confirmed organizations (public: names, kinds and regions only). */
export const OrganizationList = z.object({ items: z.array(z.extend(OrgRef, { representatives: z.int() })) });
export type OrganizationList = z.infer<typeof OrganizationList>;

export const Counts = z.record(z.string(), z.int());

/** The organizers' participation dashboard. */
export const ParticipationView = z.object({
  forumId: Id,
  organizations: z.object({ total: z.int(), byKind: Counts, byRegion: Counts, pending: z.int() }),
  representatives: z.int(),
  speakers: z.int(),
  platforms: z.int(),
  sessions: z.object({ total: z.int(), live: z.int(), ended: z.int() }),
  viewers: z.object({ total: z.int(), peak: z.int() }),
});
export type ParticipationView = z.infer<typeof ParticipationView>;


/** The organizations' HTTP routes (see common/http-route.ts). */
export const ORGANIZATIONS_ROUTES = {
  register: { method: 'post', path: '/forums/:forum/organizations/registrations', params: ForumKeyPath, body: RegisterInput, response: MyRegistration },
  mine: { method: 'get', path: '/forums/:forum/organizations/registrations/mine', params: ForumKeyPath, response: z.nullable(MyRegistration) },
  registrations: { method: 'get', path: '/forums/:forumId/organizations/registrations', params: ForumPath, query: RegistrationFilter, response: z.array(RegistrationView) },
  decide: { method: 'post', path: '/organizations/registrations/:registrationId/decision', params: z.object({ registrationId: Id }), body: DecideInput, response: RegistrationView },
  list: { method: 'get', path: '/forums/:forum/organizations', params: ForumKeyPath, response: OrganizationList },
  participation: { method: 'get', path: '/forums/:forumId/participation', params: ForumPath, response: ParticipationView },
} as const satisfies Record<string, HttpRoute>;
