import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseInterpreter, describeChoice, expandPath, sameChoice } from '../../client/src/interpreterChoice';

describe('chooseInterpreter', () => {
  test('the runlens.pythonPath setting wins over the Python extension', () => {
    assert.deepEqual(chooseInterpreter({ setting: '/opt/py/bin/python3', pythonExtension: '/venv/bin/python' }), {
      path: '/opt/py/bin/python3',
      source: 'runlens.pythonPath',
    });
  });

  test('an empty or blank setting falls back to the Python extension', () => {
    assert.deepEqual(chooseInterpreter({ setting: '  ', pythonExtension: '/venv/bin/python' }), {
      path: '/venv/bin/python',
      source: 'Python extension',
    });
  });

  test('with neither, nothing is chosen (the server searches PATH)', () => {
    assert.equal(chooseInterpreter({ setting: '', pythonExtension: undefined }), null);
    assert.equal(chooseInterpreter({ setting: undefined, pythonExtension: '' }), null);
    assert.match(describeChoice(null), /PATH/);
  });

  test('${workspaceFolder}, ${userHome} and ~ are expanded in the setting', () => {
    const choice = chooseInterpreter({ setting: '${workspaceFolder}/.venv/bin/python', pythonExtension: undefined, workspaceFolder: '/w', home: '/h' });
    assert.equal(choice?.path, '/w/.venv/bin/python');
    assert.equal(expandPath('~/py/bin/python', '/w', '/h'), '/h/py/bin/python');
    assert.equal(expandPath('${userHome}/x', '/w', '/h'), '/h/x');
    assert.equal(expandPath('python3.12', '/w', '/h'), 'python3.12');
    assert.equal(expandPath('a~b', '/w', '/h'), 'a~b');
  });

  test('sameChoice compares paths only', () => {
    assert.ok(sameChoice(null, null));
    assert.ok(sameChoice({ path: '/a', source: 'Python extension' }, { path: '/a', source: 'runlens.pythonPath' }));
    assert.ok(!sameChoice({ path: '/a', source: 'Python extension' }, null));
  });
});
