import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { graph, onlyNote, runCommand, useNock } from '../helpers/harness';

describe('connection commands', () => {
  useNock();

  it('test-module answers ok after one token and one read', async () => {
    graph().get('/v1.0/users').query({ $top: '1', $select: 'id' }).reply(200, { value: [{ id: '1' }] });
    const note = onlyNote(await runCommand('test-module'));
    expect(note.Contents).toBe('ok');
    expect(nock.isDone()).toBe(true);
  });
});
