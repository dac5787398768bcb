import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class BilingualDto {
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
