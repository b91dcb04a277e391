using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ErpConnector.Sandbox.Omie.Customers;
using ErpConnector.Sandbox.Omie.ServiceOrders;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie;

/// <summary>
/// The simulated Omie company: all records behind the app_key. One lock guards everything because calls touch
/// several collections at once (IncluirOS reads customers) and throughput is irrelevant for a simulator.
/// </summary>
public sealed class OmieAccount(CityHall city, IOptions<SandboxOptions> options)
{
    // Omie ids are 10-digit longs; starting there makes int-truncation bugs in the connector visible.
    private const long FirstId = 1_000_000_001;

    private readonly Lock _gate = new();
    private long _nextId = FirstId;
    private long _nextOrderNumber = 1;
    private long _nextNfse = 1;

    public List<Customer> Customers { get; } = [];
    public List<ServiceOrder> Orders { get; } = [];
    public SandboxOptions Options => options.Value;

    /// <summary>Runs <paramref name="work"/> alone, after letting the city process every RPS that is due by now.</summary>
    public T Transact<T>(DateTimeOffset now, Func<T> work)
    {
        lock (_gate)
        {
            Settle(now);
            return work();
        }
    }

    public long NewId() => _nextId++;
    public string NewOrderNumber() => (_nextOrderNumber++).ToString(CultureInfo.InvariantCulture);

    public void Clear()
    {
        lock (_gate)
        {
            Customers.Clear();
            Orders.Clear();
            _nextId = FirstId;
            _nextOrderNumber = 1;
            _nextNfse = 1;
        }
    }

    // Processed in due order so "the next N RPS processed" in a city-rejects injection means what it says.
    private void Settle(DateTimeOffset now)
    {
        var due = Orders
            .SelectMany(o => o.Rps.Select(r => (Order: o, Rps: r)))
            .Where(x => x.Rps.Status == Rps.Processing && x.Rps.DueAt <= now)
            .OrderBy(x => x.Rps.DueAt);
        foreach (var (order, rps) in due.ToList())
        {
            if (city.Judge(rps.DueAt) is { } rejection)
            {
                rps.Reject(rejection);
                continue;
            }
            var number = _nextNfse++;
            var code = VerificationCode(order.Id, number);
            rps.Issue(number, code, $"https://nfse.sandbox.local/nfse/{number}?v={code}");
        }
    }

    // Deterministic so test runs and demos are reproducible, but not guessable from the number alone.
    private static string VerificationCode(long orderId, long nfseNumber) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes($"{orderId}:{nfseNumber}")))[..8];
}
