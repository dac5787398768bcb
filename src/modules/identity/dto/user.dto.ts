import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import type { Locale } from '@app/common/bilingual';
import { IsTimeZone } from '@app/common/http/is-time-zone';
import { PaginationQuery } from '@app/common/http/pagination';
import { MIN_PASSWORD_LENGTH } from '@app/config/app-config';
import type { User } from '../entities/user.entity';
import { type Role, ROLES } from '../roles';

const LOCALES: Locale[] = ['en', 'es'];

export class CreateUserDto {
  @ApiProperty({ example: 'ana.ruiz@sre.gob.mx' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ana Ruiz' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for approvers' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ enum: LOCALES, description: "Defaults from the agency's country" })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ description: "IANA zone; defaults to the agency's, else UTC" })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID()
  agencyId?: string | null;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional()
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ description: 'false deactivates the user (history is kept)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

// A field that may be left out but not set to null: null would reach a NOT NULL column.
const UnlessAbsent = () => ValidateIf((_, value) => value !== undefined);

/** What a user may change about themselves (`PATCH /me`). */
export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @UnlessAbsent()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ description: 'IANA zone', example: 'America/Hermosillo' })
  @UnlessAbsent()
  @IsTimeZone()
  timeZone?: string;
}

/** `POST /me/password`: the new password follows the same rule as an admin-set one. */
export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Text in the email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agencyId: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty() timeZone: string;
  @ApiProperty() active: boolean;

  static of(user: User): UserView {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      agencyId: user.agencyId,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.timeZone,
      active: user.active,
    };
  }
}
