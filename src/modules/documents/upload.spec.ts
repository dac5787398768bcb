import { elfFile, pdfFile, pngFile, xlsxFile, zipFile } from '@test/support/document-files';
import { ALLOWED_MEDIA_TYPES, checkFileName, detectMediaType } from './upload';

const opendocument = (type: string) =>
  zipFile([
    ['mimetype', `application/vnd.oasis.opendocument.${type}`],
    ['content.xml', '<?xml version="1.0"?><office:document-content/>'],
  ]);

const docx = () =>
  zipFile([
    [
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    ['word/document.xml', '<w:document/>'],
  ]);

const jpeg = () =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(64, 0),
  ]);

describe('detectMediaType', () => {
  it.each([
    ['PDF', pdfFile(), 'application/pdf'],
    ['PNG', pngFile(), 'image/png'],
    ['JPEG', jpeg(), 'image/jpeg'],
    ['DOCX', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['XLSX', xlsxFile(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['ODT', opendocument('text'), 'application/vnd.oasis.opendocument.text'],
    ['ODS', opendocument('spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet'],
  ])('tells %s from its bytes, whatever its name', async (_type, bytes, mediaType) => {
    expect(ALLOWED_MEDIA_TYPES.has(mediaType)).toBe(true);
    await expect(detectMediaType(bytes, 'renamed.bin', true)).resolves.toBe(mediaType);
  });

  it('takes UTF-8 text as CSV by its name, else plain text', async () => {
    const text = Buffer.from('carril;año\r\n1;2026\r\n');
    await expect(detectMediaType(text, 'aforos.CSV', true)).resolves.toBe(
      'text/csv; charset=utf-8',
    );
    await expect(detectMediaType(text, 'aforos', true)).resolves.toBe('text/plain; charset=utf-8');
  });

  it('accepts a head that cuts a multi-byte character, but not one that is the whole file', async () => {
    const cut = Buffer.from('Señal ñ', 'utf8').subarray(0, -1); // half of the last ñ
    await expect(detectMediaType(cut, 'a.txt', false)).resolves.toBe('text/plain; charset=utf-8');
    await expect(detectMediaType(cut, 'a.txt', true)).rejects.toMatchObject({
      kind: 'unsupported_media_type',
    });
  });

  it.each([
    ['an executable', elfFile()],
    ['HTML', Buffer.from('\n  <!DOCTYPE html><html></html>')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['text with NULs', Buffer.from('a\u0000b')],
    ['Latin-1 bytes', Buffer.from([0x61, 0xf1, 0x6f])],
    ['a GIF', Buffer.from('GIF89a\u0001\u0000\u0001\u0000', 'latin1')],
  ])('refuses %s (415)', async (_what, bytes) => {
    await expect(detectMediaType(bytes, 'file.txt', true)).rejects.toMatchObject({
      kind: 'unsupported_media_type',
      code: 'DOCUMENT.UNSUPPORTED_TYPE',
    });
  });
});

describe('checkFileName', () => {
  it('keeps an ordinary name, accents and spaces included', () => {
    expect(checkFileName('Oficio núm. 123 – SEMARNAT.pdf')).toBe('Oficio núm. 123 – SEMARNAT.pdf');
    const longest = `${'é'.repeat(125)}.pdfx`; // 250 + 5 = 255 bytes
    expect(checkFileName(longest)).toBe(longest);
  });

  it.each([
    ['empty', ''],
    ['a path', 'a/b.pdf'],
    ['a Windows path', 'a\\b.pdf'],
    ['..', '..'],
    ['a control character', 'a\u0009b.pdf'],
    ['a C1 control character', 'a\u0085b.pdf'],
    ['256 bytes', `${'é'.repeat(126)}.pdf`],
  ])('refuses %s (400)', (_what, name) => {
    expect(() => checkFileName(name)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.BAD_FILE_NAME' }),
    );
  });
});
