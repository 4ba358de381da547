import { escapeHtml, html, joinHtml, raw, SafeHtml } from '../../src/http/html';

describe('the html tag', () => {
  it('escapes & < > " and \' in every interpolated text', () => {
    const text = `Tom & "Jerry" <b>'s</b>`;
    const expected = 'Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;';
    expect(String(html`<p>${text}</p>`)).toBe(`<p>${expected}</p>`);
    expect(String(html`<a title="${text}" data-x='${text}'>`)).toBe(
      `<a title="${expected}" data-x='${expected}'>`,
    );
  });

  it('leaves the template itself as written', () => {
    expect(String(html`<p class="a">&amp; <br></p>`)).toBe('<p class="a">&amp; <br></p>');
    expect(String(html`line\nbreak`)).toBe('line\nbreak');
  });

  it('escapes an ampersand that already looks escaped, once per interpolation', () => {
    expect(String(html`${'&amp;'}`)).toBe('&amp;amp;');
  });

  it('nests templates without escaping them twice', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(String(html`<p>${inner}</p>`)).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(String(html`<div>${html`<p>${inner}</p>`}</div>`)).toBe(
      '<div><p><b>&lt;i&gt;</b></p></div>',
    );
  });

  it('joins an array without a separator, escaping its texts and keeping its markup', () => {
    const items = ['a<', 'b&'].map((item) => html`<li>${item}</li>`);
    expect(String(html`<ul>${items}</ul>`)).toBe('<ul><li>a&lt;</li><li>b&amp;</li></ul>');
    expect(String(html`${['<', html`<br>`, 1]}`)).toBe('&lt;<br>1');
    expect(String(html`${[['<'], [html`<hr>`]]}`)).toBe('&lt;<hr>');
    expect(String(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('renders numbers as text', () => {
    expect(String(html`<td>${0}</td><td>${42}</td><td>${-1.5}</td>`)).toBe(
      '<td>0</td><td>42</td><td>-1.5</td>',
    );
  });

  it('renders undefined and null as nothing, and the empty string as nothing', () => {
    expect(String(html`<p>${undefined}${null}${''}</p>`)).toBe('<p></p>');
  });

  it('turns values outside its type into escaped text rather than markup', () => {
    const smuggled = { toString: () => '<script>' } as unknown as string;
    expect(String(html`${smuggled}`)).toBe('&lt;script&gt;');
    expect(String(html`${true as unknown as string}`)).toBe('true');
  });

  it('returns SafeHtml, which only the tag and raw() make', () => {
    expect(html`x`).toBeInstanceOf(SafeHtml);
    expect(raw('x')).toBeInstanceOf(SafeHtml);
    expect(String(html`x`)).toBe('x');
    expect(`${html`<b>`}`).toBe('<b>');
  });
});

describe('raw', () => {
  it('is the visible opt-out: its markup goes in unescaped', () => {
    expect(String(html`<div>${raw('<b title="x">&amp;</b>')}</div>`)).toBe(
      '<div><b title="x">&amp;</b></div>',
    );
  });
});

describe('joinHtml', () => {
  it('puts a text separator (escaped) or a markup separator between the values', () => {
    expect(String(joinHtml(['a', 'b<'], '\n'))).toBe('a\nb&lt;');
    expect(String(joinHtml(['x', 'y'], ' & '))).toBe('x &amp; y');
    expect(String(joinHtml(['one', 'two'], html`<br>`))).toBe('one<br>two');
    expect(String(joinHtml([html`<i>a</i>`, undefined, 2], ','))).toBe('<i>a</i>,,2');
    expect(String(joinHtml([], '\n'))).toBe('');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml('plain 日本語 text')).toBe('plain 日本語 text');
  });
});
