import { useSearchParams } from 'react-router';

/** Filters that live in the URL (`?soort=&fase=`), so a filtered list can be mailed: the values, and a setter per key. */
export function useUrlFilter(): [URLSearchParams, (key: string) => (value: string | string[]) => void] {
  const [params, setParams] = useSearchParams();
  const filter = (key: string) => (value: string | string[]) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, String(value));
    else next.delete(key);
    setParams(next);
  };
  return [params, filter];
}
