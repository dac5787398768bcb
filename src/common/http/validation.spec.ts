import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { DomainError } from '@app/common/errors/domain-error';
import { createValidationPipe } from './validation';

class Sla {
  @IsInt() @Min(1) businessDays: number;
}
class Step {
  @IsString() key: string;
  @ValidateNested() @Type(() => Sla) sla: Sla;
}
class Chain {
  @ValidateNested({ each: true }) @Type(() => Step) steps: Step[];
}

describe('validation pipe', () => {
  it('names each bad value by its path, once, and refuses unknown fields', async () => {
    const pipe = createValidationPipe();
    const error = await pipe
      .transform(
        {
          steps: [
            { key: 'a', sla: { businessDays: 1 } },
            { key: 2, sla: { businessDays: 0, extra: 1 } },
          ],
        },
        { type: 'body', metatype: Chain },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors).toEqual(
      expect.arrayContaining([
        { field: 'steps[1].key', message: 'key must be a string' },
        { field: 'steps[1].sla.businessDays', message: 'businessDays must not be less than 1' },
        { field: 'steps[1].sla.extra', message: 'unknown field' },
      ]),
    );
    expect((error as DomainError).errors).toHaveLength(3);
  });
});
