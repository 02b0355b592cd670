// Scenarios the reliability tests run under the agent, one per first argument. Output is deterministic so a run
// under the agent can be compared with a run without it.
switch (args.FirstOrDefault())
{
    case "throw":
        // An exception whose message carries whatever the test passes (secrets, for the redaction tests).
        try
        {
            throw new InvalidOperationException(args[1]);
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine("caught");
        }
        break;
    case "throw-many":
        // Many caught exceptions (two events each, with stack traces): more than a blocked or slow output can take.
        int count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < count; i++)
        {
            try
            {
                throw new InvalidOperationException("round " + i);
            }
            catch (InvalidOperationException)
            {
            }
        }
        Console.WriteLine($"threw {count}");
        break;
    default:
        Console.WriteLine("usage: HostileApp throw <message> | throw-many <count>");
        return 2;
}
return 0;
