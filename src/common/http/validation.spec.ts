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
        { field: 'steps[1].key', message: 'steps[1].key must be a string' },
        {
          field: 'steps[1].sla.businessDays',
          message: 'steps[1].sla.businessDays must not be less than 1',
        },
        { field: 'steps[1].sla.extra', message: 'unknown field' },
      ]),
    );
    expect((error as DomainError).errors).toHaveLength(3);
  });

  it('reports a missing value once, as required, whatever rules it would also fail', async () => {
    const error = await createValidationPipe()
      .transform({ steps: [{ sla: { businessDays: 1 } }] }, { type: 'body', metatype: Chain })
      .catch((e: unknown) => e);
    expect((error as DomainError).errors).toEqual([
      { field: 'steps[0].key', message: 'steps[0].key is required' },
    ]);
  });

  it('refuses a NUL character anywhere in a body, naming where', async () => {
    const error = await createValidationPipe()
      .transform(
        { steps: [{ key: 'a\u0000', sla: { businessDays: 1 } }] },
        { type: 'body', metatype: Chain },
      )
      .catch((e: unknown) => e);
    expect((error as DomainError).errors).toEqual([
      {
        field: 'steps[0].key',
        message: 'steps[0].key contains the NUL character (U+0000), which cannot be stored',
      },
    ]);
  });
});
