import { IdempotencyKey } from '@app/common/idempotency/idempotency-key.entity';
import { ApprovalChain } from '@app/modules/approvals/entities/approval-chain.entity';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';

/** Every entity of the service, in one list shared by the app, the CLI and the migration check. */
export const ENTITIES = [Agency, User, TechnicalGroup, ApprovalChain, IdempotencyKey];
