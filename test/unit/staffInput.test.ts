import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { MAX_PUSH_MESSAGE, parseOrderFilter, parsePushMessage } from '../../src/staff/staffInput';

const catalogue = loadCatalogue('data/catalogue.json');

describe('parseOrderFilter', () => {
  it('ignores empty fields and reads every known one', () => {
    expect(parseOrderFilter({ status: '', studentId: '  ' }, catalogue)).toEqual({
      ok: true,
      value: {},
    });
    expect(
      parseOrderFilter(
        {
          status: 'printable',
          certificateId: 'transcript',
          network: 'networkprint',
          deadlineWithinHours: '48',
          studentId: ' Ａ0123456 ',
        },
        catalogue,
      ),
    ).toEqual({
      ok: true,
      value: {
        status: 'printable',
        certificateId: 'transcript',
        network: 'networkprint',
        deadlineWithinHours: 48,
        studentId: 'a0123456',
      },
    });
  });

  it('takes the first of repeated query fields', () => {
    expect(parseOrderFilter({ status: ['paid', 'draft'] }, catalogue)).toEqual({
      ok: true,
      value: { status: 'paid' },
    });
  });

  it.each([
    ['status', 'shipped'],
    ['certificateId', 'diploma'],
    ['network', 'ministop'],
    ['deadlineWithinHours', '0'],
    ['deadlineWithinHours', '-3'],
    ['deadlineWithinHours', '1.5'],
    ['deadlineWithinHours', '99999'],
    ['studentId', 'a0123456; DROP'],
    ['studentId', 'x'.repeat(33)],
  ])('refuses %s=%j and names the field', (name, value) => {
    expect(parseOrderFilter({ [name]: value }, catalogue)).toEqual({
      ok: false,
      problems: [{ field: name, code: 'invalid' }],
    });
  });
});

describe('parsePushMessage', () => {
  it('requires both languages, trimmed, with normalised line ends', () => {
    expect(parsePushMessage({ ja: ' 本日\r\n休み ', en: 'Closed\rtoday' })).toEqual({
      ok: true,
      value: { ja: '本日\n休み', en: 'Closed\ntoday' },
    });
    expect(parsePushMessage({ ja: '', en: 3 })).toEqual({
      ok: false,
      problems: [
        { field: 'ja', code: 'required' },
        { field: 'en', code: 'required' },
      ],
    });
  });

  it('refuses a message longer than the limit, counting characters not bytes', () => {
    const long = 'あ'.repeat(MAX_PUSH_MESSAGE);
    expect(parsePushMessage({ ja: long, en: 'ok' }).ok).toBe(true);
    expect(parsePushMessage({ ja: `${long}あ`, en: 'ok' })).toEqual({
      ok: false,
      problems: [{ field: 'ja', code: 'too_long' }],
    });
  });
});
