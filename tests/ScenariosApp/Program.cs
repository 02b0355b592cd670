// One line per WeaverTargets scenario: its value, or its exception (type, message, frames).
foreach (string line in WeaverTargets.Scenarios.RunAll())
{
    Console.WriteLine(line);
}
