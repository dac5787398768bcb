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
import { allZones, zoneLabel, zonePlaces } from '../lib/zones';

/**
 * A searchable list of time zones by their human names ("hora de Tijuana"): type part of a
 * name, a city or a state ("Sonora", "Nogales", "Arizona" find the zones that keep their time).
 * react-aria's ComboBox: labelled, keyboard and screen-reader ready, in the reader's language.
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
  const { items, places } = useMemo(() => {
    const now = new Date();
    const items = allZones().map((zone) => ({
      id: zone,
      label: zoneLabel(zone, formatLocale, now),
    }));
    // The filter is given an item's label alone (its text, which the field shows once chosen),
    // so the places a zone is also found by are looked up from the label.
    return { items, places: new Map(items.map((item) => [item.label, zonePlaces(item.id)])) };
  }, [formatLocale]);
  return (
    <ComboBox
      className="react-aria-ComboBox field"
      selectedKey={value}
      onSelectionChange={(key) => key && onChange(String(key))}
      defaultItems={items}
      defaultFilter={(text, input) =>
        contains(text, input) || !!places.get(text)?.some((place) => contains(place, input))
      }
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
