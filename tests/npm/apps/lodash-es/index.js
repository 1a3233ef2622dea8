// lodash-es: groupBy, sortBy and friends on a fixed data set.
import { groupBy, sortBy, chunk, uniqBy, mapValues, merge, cloneDeep, kebabCase, sumBy } from 'lodash-es';

const people = [
  { name: 'Ann', team: 'red', age: 31 },
  { name: 'Bob', team: 'blue', age: 25 },
  { name: 'Cid', team: 'red', age: 25 },
  { name: 'Dee', team: 'green', age: 42 },
  { name: 'Eve', team: 'blue', age: 37 },
];

export default {
  async fetch() {
    const byTeam = groupBy(people, 'team');
    const copy = cloneDeep(people);
    copy[0].name = 'changed';
    return Response.json({
      byTeam: mapValues(byTeam, (xs) => xs.map((p) => p.name)),
      sorted: sortBy(people, ['age', 'name']).map((p) => p.name),
      chunks: chunk([1, 2, 3, 4, 5], 2),
      uniqueAges: uniqBy(people, 'age').map((p) => p.age),
      merged: merge({ a: { b: 1, c: [1] } }, { a: { d: 2, c: [undefined, 2] } }),
      untouched: people[0].name,
      kebab: kebabCase('Hello World fooBar'),
      totalAge: sumBy(people, 'age'),
    });
  },
};
