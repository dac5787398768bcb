import { isValidTimeZone } from '@puentes/business-calendar';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** An IANA zone this Node.js knows (America/Hermosillo, America/Ciudad_Juarez…). */
export function IsTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an IANA time zone such as America/Tijuana`,
        ...options,
      },
      validator: { validate: isValidTimeZone },
    });
}
