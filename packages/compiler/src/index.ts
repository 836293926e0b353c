import { hello } from '@switchboard/flow-schema';
import type { Foo } from './foo.ts';
const f: Foo = { a: 1 };
console.log(hello('hi'), f);
