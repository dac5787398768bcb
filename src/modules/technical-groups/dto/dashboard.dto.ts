import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Bilingual, Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { WorkflowChangesRequestedView } from '@app/modules/approvals/dto/workflow-search.dto';

const COUNTRIES: Country[] = ['MX', 'US'];
const SIDES = ['MX', 'US', 'both'];
const URGENCIES = ['overdue', 'due_soon', 'on_track', 'no_deadline'];

export class DashboardQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 90,
    default: 14,
    description: 'A step due within this many days from now counts as due soon',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  dueSoonDays: number = 14;
}

export class HolderView {
  @ApiProperty() agencyCode: string;
  @ApiProperty({ enum: COUNTRIES, nullable: true }) country: Country | null;
  @ApiPropertyOptional({ description: 'Set when the holder is a co-chair seat of this group code' })
  viaGroup?: string;
}

export class AgencyRefView {
  @ApiProperty() code: string;
  @ApiProperty({ enum: COUNTRIES, nullable: true }) country: Country | null;
}

export class BallIsWithView {
  @ApiProperty({ enum: SIDES, nullable: true, description: 'Null when nothing is open' })
  side: string | null;
  @ApiProperty({ type: BilingualDto, nullable: true }) label: Bilingual | null;
  @ApiProperty({ type: [AgencyRefView] }) agencies: AgencyRefView[];
  @ApiProperty({
    description:
      "A step was sent back for changes: the ball is (also) with the workflow's coordinator, " +
      'to resubmit it (no agency holds such a step, so `side` and `agencies` leave it out)',
  })
  coordinator: boolean;
}

export class OpenStepView {
  @ApiProperty() key: string;
  @ApiProperty({ type: BilingualDto }) name: Bilingual;
  @ApiProperty({ type: [HolderView] }) heldBy: HolderView[];
  @ApiProperty({ enum: SIDES, nullable: true }) side: string | null;
  @ApiProperty({ nullable: true, type: String }) activatedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiProperty({ type: BilingualDto }) urgencyLabel: Bilingual;
}

export class RunningWorkflowView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() chainKey: string;
  @ApiProperty({ type: [OpenStepView] }) openSteps: OpenStepView[];
  @ApiProperty({
    type: [WorkflowChangesRequestedView],
    description:
      "Steps sent back for changes, waiting for the coordinator's resubmission (held by no " +
      'agency), earliest request first; empty when none is. As `GET /workflows` gives them.',
  })
  changesRequested: WorkflowChangesRequestedView[];
}

export class DashboardProjectView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: BilingualDto }) name: Bilingual;
  @ApiProperty() status: string;
  @ApiProperty({ type: BallIsWithView }) ballIsWith: BallIsWithView;
  @ApiProperty({ type: [RunningWorkflowView] }) workflows: RunningWorkflowView[];
}

export class TallyView {
  @ApiProperty() open: number;
  @ApiProperty() overdue: number;
  @ApiProperty() dueSoon: number;
}

export class AgencyTallyView extends TallyView {
  @ApiProperty() agencyCode: string;
  @ApiProperty({ enum: COUNTRIES, nullable: true }) country: Country | null;
}

export class CountryTalliesView {
  @ApiProperty({ type: TallyView }) MX: TallyView;
  @ApiProperty({ type: TallyView }) US: TallyView;
}

export class DashboardView {
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty() groupCode: string;
  @ApiProperty() generatedAt: string;
  @ApiProperty() dueSoonDays: number;
  @ApiProperty({ type: [DashboardProjectView] }) projects: DashboardProjectView[];
  @ApiProperty({ type: CountryTalliesView }) byCountry: CountryTalliesView;
  @ApiProperty({ type: [AgencyTallyView] }) byAgency: AgencyTallyView[];
  @ApiProperty({
    description:
      "Steps sent back for changes that wait on their coordinator's resubmission: counted by " +
      'no country and no agency, since none holds them',
  })
  awaitingResubmission: number;
}
