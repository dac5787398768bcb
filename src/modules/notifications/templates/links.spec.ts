import { actionItemsUrl, meetingUrl, stepUrl, workflowUrl } from './links';

describe('links to the web app', () => {
  const base = 'https://puentes.example.org';

  it('follows the scheme the web app routes', () => {
    expect(workflowUrl(base, 'w1')).toBe('https://puentes.example.org/workflows/w1');
    expect(stepUrl(base, 'w1', 'cbp-review')).toBe(
      'https://puentes.example.org/workflows/w1?step=cbp-review',
    );
    expect(meetingUrl(base, 'SON-AZ', 'm1')).toBe(
      'https://puentes.example.org/technical-groups/SON-AZ/meetings/m1',
    );
    expect(actionItemsUrl(base, 'SON-AZ')).toBe(
      'https://puentes.example.org/technical-groups/SON-AZ/action-items',
    );
  });

  it('keeps a base path, drops a trailing slash, and encodes every part', () => {
    expect(workflowUrl('http://localhost:3000/puentes/', 'w1')).toBe(
      'http://localhost:3000/puentes/workflows/w1',
    );
    expect(stepUrl(base, 'a/b', 'k?x=1&y')).toBe(
      'https://puentes.example.org/workflows/a%2Fb?step=k%3Fx%3D1%26y',
    );
    expect(meetingUrl(base, 'G #1', '../m')).toBe(
      'https://puentes.example.org/technical-groups/G%20%231/meetings/..%2Fm',
    );
  });
});
