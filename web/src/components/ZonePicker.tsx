import { useMemo } from 'react';
import {
  Button,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  useFilter,
} from 'react-aria-components';
import { useLocale, useT } from '../i18n/i18n';
import { allZones, zoneLabel } from '../lib/zones';

/**
 * A searchable list of time zones by their human names ("hora del Pacífico (Tijuana)"):
 * type part of a name or a city. react-aria's ComboBox: labelled, keyboard and screen-reader
 * ready, in the reader's language.
 */
export function ZonePicker({
  label,
  value,
  onChange,
  error,
  description,
}: {
  label: string;
  value: string;
  onChange: (zone: string) => void;
  error?: string;
  description?: string;
}) {
  const { formatLocale } = useLocale();
  const t = useT();
  const { contains } = useFilter({ sensitivity: 'base' });
  const items = useMemo(() => {
    const now = new Date();
    return allZones().map((zone) => ({ id: zone, label: zoneLabel(zone, formatLocale, now) }));
  }, [formatLocale]);
  return (
    <ComboBox
      className="react-aria-ComboBox field"
      selectedKey={value}
      onSelectionChange={(key) => key && onChange(String(key))}
      defaultItems={items}
      defaultFilter={(text, input) => contains(text, input)}
      isInvalid={!!error}
    >
      <Label>{label}</Label>
      {description && (
        <Text slot="description" className="hint">
          {description}
        </Text>
      )}
      <div className="combo">
        <Input />
        <Button aria-label={t('zone.showAll')}>▾</Button>
      </div>
      <FieldError className="field-error">{error}</FieldError>
      <Popover>
        <ListBox>
          {(item: { id: string; label: string }) => (
            <ListBoxItem id={item.id} textValue={item.label}>
              {item.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
