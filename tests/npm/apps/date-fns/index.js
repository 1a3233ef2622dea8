// date-fns: formatting and arithmetic on fixed dates (the server runs with
// TZ=UTC, so local time is UTC).
import {
  format,
  addDays,
  addMonths,
  differenceInCalendarDays,
  formatISO,
  parseISO,
  isWeekend,
  startOfWeek,
  formatDistanceStrict,
  eachDayOfInterval,
} from 'date-fns';

export default {
  async fetch() {
    const d = parseISO('2024-02-28T13:45:30Z');
    const result = {
      long: format(d, "EEEE, MMMM do yyyy 'at' HH:mm:ss"),
      short: format(d, 'yyyy-MM-dd'),
      plus2: format(addDays(d, 2), 'yyyy-MM-dd EEE'),
      plusMonth: formatISO(addMonths(d, 1)),
      days: differenceInCalendarDays(parseISO('2024-12-25'), d),
      weekend: isWeekend(parseISO('2024-03-02')),
      weekStart: format(startOfWeek(d, { weekStartsOn: 1 }), 'yyyy-MM-dd'),
      distance: formatDistanceStrict(d, parseISO('2024-03-10T13:45:30Z')),
      range: eachDayOfInterval({ start: parseISO('2024-02-27'), end: parseISO('2024-03-01') }).map((x) =>
        format(x, 'MM/dd'),
      ),
    };
    return Response.json(result);
  },
};
