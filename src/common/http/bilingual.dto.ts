import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Bilingual } from '@app/common/bilingual';

/** A request's or an answer's `Bilingual` text (the one type, the workflow engine's). */
export class BilingualDto implements Bilingual {
  @ApiProperty({ example: 'Ministry of Foreign Affairs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  en: string;

  @ApiProperty({ example: 'Secretaría de Relaciones Exteriores' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  es: string;
}
