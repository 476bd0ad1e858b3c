import { test } from 'node:test';
import assert from 'node:assert/strict';
import { camelize, flagKey, isValidFlagName, underscore } from '../../server/src/flags/naming';

test('camelize follows Rails camelize(:lower), digits included', () => {
  assert.equal(camelize('my_flag'), 'myFlag');
  assert.equal(camelize('foo_2fa_bar'), 'foo2faBar');
  assert.equal(camelize('ci_pipeline_creation_requests_realtime'), 'ciPipelineCreationRequestsRealtime');
  assert.equal(camelize('single'), 'single');
});

test('underscore reverses camelCase names', () => {
  assert.equal(underscore('myFlag'), 'my_flag');
  assert.equal(underscore('ciPipelineCreationRequestsRealtime'), 'ci_pipeline_creation_requests_realtime');
});

test('snake and camel spellings share one identity', () => {
  assert.equal(flagKey('blame_ignore_revs'), flagKey('blameIgnoreRevs'));
  assert.equal(flagKey('foo_2fa_bar'), flagKey('foo2faBar'));
  assert.notEqual(flagKey('foo'), flagKey('foo_bar'));
});

test('flag names must be lower-case words joined by single underscores', () => {
  assert.equal(isValidFlagName('my_flag_2'), true);
  assert.equal(isValidFlagName('Bad_Name'), false);
  assert.equal(isValidFlagName('double__underscore'), false);
  assert.equal(isValidFlagName('trailing_'), false);
});
