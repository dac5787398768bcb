/**
 * ISO 3166-2 subdivision codes without the country prefix (`MX-SON` is `SON`, `US-AZ` is `AZ`):
 * the 32 federal entities of Mexico, and the 50 U.S. states with the District of Columbia.
 */
export const MX_STATES = [
  'AGU', // Aguascalientes
  'BCN', // Baja California
  'BCS', // Baja California Sur
  'CAM', // Campeche
  'CHP', // Chiapas
  'CHH', // Chihuahua
  'CMX', // Ciudad de México
  'COA', // Coahuila
  'COL', // Colima
  'DUR', // Durango
  'GUA', // Guanajuato
  'GRO', // Guerrero
  'HID', // Hidalgo
  'JAL', // Jalisco
  'MEX', // Estado de México
  'MIC', // Michoacán
  'MOR', // Morelos
  'NAY', // Nayarit
  'NLE', // Nuevo León
  'OAX', // Oaxaca
  'PUE', // Puebla
  'QUE', // Querétaro
  'ROO', // Quintana Roo
  'SLP', // San Luis Potosí
  'SIN', // Sinaloa
  'SON', // Sonora
  'TAB', // Tabasco
  'TAM', // Tamaulipas
  'TLA', // Tlaxcala
  'VER', // Veracruz
  'YUC', // Yucatán
  'ZAC', // Zacatecas
] as const;

// prettier-ignore
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN',
  'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH',
  'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT',
  'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;

export type MxState = (typeof MX_STATES)[number];
export type UsState = (typeof US_STATES)[number];

const MX = new Set<string>(MX_STATES);
const US = new Set<string>(US_STATES);

export const isMxState = (code: string): code is MxState => MX.has(code);
export const isUsState = (code: string): code is UsState => US.has(code);
