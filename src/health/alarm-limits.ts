/** The most alarm names one DescribeAlarms call takes (AlarmNames), so one poll reads them all. */
export const MAX_ALARMS_PER_CALL = 100;
