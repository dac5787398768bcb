/**
 * Every `code` the service answers a refusal with (the `code` member of its RFC 9457
 * problem+json, see problem-details.ts). A code names what went wrong, stably: clients branch
 * on it, and the web app says it in words (`CODE_MESSAGES` in
 * web/src/components/problem-messages.ts, texts under `problem.<CODE>` in web/src/i18n/en.json
 * and es.json; web/src/components/problem-codes.test.ts fails when one has none). The `detail`
 * beside it is English prose for developers, never something to match.
 *
 * A code is never renamed or reused: clients are written against it. When you add a refusal,
 * add its code here, in its family: `DomainError`, `invalidField`, `throwIfInvalid` and
 * `problem()` take nothing else, so a typo or an undeclared code does not compile.
 */
export const PROBLEM_CODES = [
  // Any route. The request is wrong: `errors` names each offending field, to fix and resend.
  'VALIDATION_FAILED',
  // A path parameter that is not a UUID, a request cut short (Nest's own 400s).
  'BAD_REQUEST',
  // No such resource, or not visible to the caller; also a path no route serves.
  'NOT_FOUND',
  // A unique value already taken, or a record still referred to (the database's own check).
  'CONFLICT',
  // Too many attempts (sign-in): wait, then retry.
  'RATE_LIMITED',
  // The database is busy or unreachable: retry after `Retry-After` seconds.
  'DATABASE_BUSY',
  'DATABASE_UNAVAILABLE',
  // A fault of the service: quote the `correlationId` when reporting it.
  'INTERNAL_ERROR',
  // An HTTP exception whose status has no code here; none is raised.
  'HTTP_ERROR',

  // The request body itself (not JSON, not an object, too deep or large, not UTF-8 JSON): a
  // client's bug, to fix in the client.
  'MALFORMED_JSON',
  'BODY_NOT_AN_OBJECT',
  'JSON_TOO_DEEP',
  'JSON_PROTOTYPE_KEY',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',

  // An Idempotency-Key: malformed or reused with another body (a client's bug); the first
  // request still running (retry shortly) or done with its answer lost (read, do not resend).
  'IDEMPOTENCY.KEY_INVALID',
  'IDEMPOTENCY.KEY_REUSED',
  'IDEMPOTENCY.IN_PROGRESS',
  'IDEMPOTENCY.ANSWER_LOST',

  // Signing in and who may call: sign in again, or tell the person what they may not do.
  'AUTH.INVALID_CREDENTIALS',
  'AUTH.TOKEN_INVALID',
  'AUTH.REFRESH_TOKEN_INVALID',
  'AUTH.ORIGIN_REFUSED',
  'AUTH.ROLE_REQUIRED',
  'AUTH.WRONG_PASSWORD',
  'AUTH.QUEUE_DASHBOARD_COOKIE',
  // GET /metrics without METRICS_TOKEN: for the operators' scraper.
  'METRICS.TOKEN_REQUIRED',

  // Users and agencies (administration): show the person which value to change.
  'USER.EMAIL_TAKEN',
  'USER.APPROVER_NEEDS_AGENCY',
  'USER.UNKNOWN_AGENCY',
  'AGENCY.CODE_TAKEN',

  // Technical groups, their members and co-chairs: show what to change, or who may do it.
  'TECHNICAL_GROUP.CODE_TAKEN',
  'TECHNICAL_GROUP.UNKNOWN_AGENCY',
  'TECHNICAL_GROUP.UNKNOWN_STATE',
  'TECHNICAL_GROUP.UNKNOWN_USER',
  'TECHNICAL_GROUP.CO_CHAIR_COUNTRY',
  'TECHNICAL_GROUP.CO_CHAIR_INACTIVE',
  'TECHNICAL_GROUP.ALREADY_A_MEMBER',
  'TECHNICAL_GROUP.MEMBER_INACTIVE',
  'TECHNICAL_GROUP.MEMBER_WITHOUT_AGENCY',
  'TECHNICAL_GROUP.NOT_A_MEMBER',
  'TECHNICAL_GROUP.NOT_A_CO_CHAIR',
  'TECHNICAL_GROUP.NOT_AN_AGENDA_EDITOR',

  // A group's meetings, their minutes and action items: what the meeting's state or the
  // person's place allows.
  'MEETING.INVALID_START',
  'MEETING.START_IN_PAST',
  'MEETING.NO_PLACE_OR_LINK',
  'MEETING.AGENDA_FULL',
  'MEETING.AGENDA_ORDER',
  'MEETING.AGENDA_FROZEN',
  'MEETING.ALREADY_HELD',
  'MEETING.CANCELLED',
  'MEETING.MINUTES_PUBLISHED',
  'MINUTES.MEETING_NOT_BEGUN',
  'MINUTES.NO_DRAFT',
  'MINUTES.CORRECTION_NOTE_REQUIRED',
  'MINUTES.UNKNOWN_AGENCY',
  'ACTION_ITEM.INVALID_DUE',
  'ACTION_ITEM.OWNER_NOT_IN_GROUP',
  'ACTION_ITEM.NOT_YOURS',
  'ACTION_ITEM.STATUS_ONLY',

  // Projects: show which value to change.
  'PROJECT.CODE_TAKEN',
  'PROJECT.INVALID_ATTRIBUTES',
  'PROJECT.UNKNOWN_TECHNICAL_GROUP',

  // Documents. Upload and citation refusals a person can fix (another file, name, version)…
  'DOCUMENT.FILE_REQUIRED',
  'DOCUMENT.EMPTY_FILE',
  'DOCUMENT.TOO_LARGE',
  'DOCUMENT.UNSUPPORTED_TYPE',
  'DOCUMENT.BAD_FILE_NAME',
  'DOCUMENT.INTEGRITY',
  'DOCUMENT.NOT_AN_UPLOADER',
  'DOCUMENT.NOT_CITABLE',
  // …and a malformed upload form or byte range: a client's bug.
  'DOCUMENT.NOT_MULTIPART',
  'DOCUMENT.MALFORMED_FORM',
  'DOCUMENT.UNKNOWN_FIELD',
  'DOCUMENT.BAD_RANGE',

  // Approval chains (their definitions): `errors` says what to fix in the chain.
  'CHAIN.INVALID',
  'CHAIN.KEY_EXISTS',
  'CHAIN.KEY_IMMUTABLE',
  'CHAIN.DRAFT_EXISTS',
  'CHAIN.PUBLISHED',

  // Approval workflows: what the workflow's state or the caller's place in it allows.
  'WORKFLOW.NO_PUBLISHED_CHAIN',
  'WORKFLOW.ALREADY_RUNNING',
  'WORKFLOW.ASSIGNEE_UNKNOWN',
  'WORKFLOW.NOT_A_PARTICIPANT',
  'WORKFLOW.NOT_A_SIGNER',
  'WORKFLOW.NOT_COORDINATOR',
  'WORKFLOW.COORDINATOR_INVALID',
  // The workflow engine's refusals, `WORKFLOW.<its code>` (approvals.errors.ts gives each its
  // status; its other codes are server faults, a 500). Also sent by the service directly.
  'WORKFLOW.WORKFLOW_NOT_ACTIVE',
  'WORKFLOW.STEP_NOT_FOUND',
  'WORKFLOW.STEP_NOT_ACTIVE',
  'WORKFLOW.STEP_NOT_OPEN',
  'WORKFLOW.STEP_NOT_CHANGES_REQUESTED',
  'WORKFLOW.NOT_AN_ASSIGNEE',
  'WORKFLOW.SEAT_INVALID',
  'WORKFLOW.DECISION_INVALID',
  'WORKFLOW.ALREADY_DECIDED',
  'WORKFLOW.COMMENT_REQUIRED',
  'WORKFLOW.TEXT_REQUIRED',
  'WORKFLOW.DOCUMENT_INVALID',
  'WORKFLOW.ASSIGNEE_INVALID',
  'WORKFLOW.CHAIN_INVALID',
  'WORKFLOW.PROJECT_GROUP_MISSING',

  // Delegations of signing: show which value to change, or that it is not the caller's.
  'DELEGATION.DELEGATOR_INVALID',
  'DELEGATION.DELEGATE_INVALID',
  'DELEGATION.DELEGATE_OTHER_AGENCY',
  'DELEGATION.NOTHING_TO_DELEGATE',
  'DELEGATION.WINDOW_INVALID',
  'DELEGATION.NOT_YOURS',
  'DELEGATION.ALREADY_OVER',

  // Reports: a window to fix, or a caller who may not read them.
  'REPORT.WINDOW_INVALID',
  'REPORTS.FORBIDDEN',
] as const;

/** A declared problem code: what `DomainError`, `invalidField` and `problem()` take. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Whether a string is a declared code (`HttpStatus[status]`, a stored answer…). */
export const isProblemCode = (text: unknown): text is ProblemCode =>
  (PROBLEM_CODES as readonly unknown[]).includes(text);
