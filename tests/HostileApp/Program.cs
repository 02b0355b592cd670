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
    default:
        Console.WriteLine("usage: HostileApp throw <message>");
        return 2;
}
return 0;
