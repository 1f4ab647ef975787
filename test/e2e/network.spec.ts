import { expect, test } from './guard.ts';

test('the app loads, runs the sample and renders without any request outside its origin', async ({
  page,
  offOrigin,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible();
  await expect(page.getByRole('img').first()).toBeVisible();
  expect(offOrigin).toEqual([]);
});

test("the page's Content-Security-Policy refuses to load anything from another origin", async ({ page }) => {
  await page.goto('./');
  const violation = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
          once: true,
        });
        const img = document.createElement('img');
        img.src = 'https://cdn.example.invalid/pixel.png';
        document.body.append(img);
      }),
  );
  expect(violation).toBe('img-src');
});

test.describe('with the page CSP bypassed', () => {
  test.use({ bypassCSP: true });

  test('the guard catches a request outside the origin', async ({ page, offOrigin }, testInfo) => {
    testInfo.annotations.push({ type: 'expects-off-origin-request' });
    await page.goto('./');
    // `.invalid` never resolves, and the guard aborts the request before any lookup.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://cdn.example.invalid/pixel.png';
      document.body.append(img);
    });
    await expect.poll(() => offOrigin.length).toBeGreaterThan(0);
    expect(offOrigin[0]).toContain('cdn.example.invalid');
  });
});
