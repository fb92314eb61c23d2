import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Pager } from './Pager';

describe('Pager', () => {
  it('shows the rows actually on the page', () => {
    render(
      <Pager testIdPrefix="x" label="pages" offset={20} limit={10} count={6} nextOffset={null} onChange={() => {}} />,
    );
    expect(screen.getByRole('navigation', { name: 'pages' })).toHaveTextContent('21–26');
    expect(screen.getByTestId('x-next')).toBeDisabled();
    expect(screen.getByTestId('x-prev')).toBeEnabled();
  });

  it('says none on an empty page', () => {
    render(
      <Pager testIdPrefix="y" label="empty" offset={0} limit={10} count={0} nextOffset={null} onChange={() => {}} />,
    );
    expect(screen.getByRole('navigation', { name: 'empty' })).toHaveTextContent('none');
  });
});
