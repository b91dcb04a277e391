using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ErpConnector.Sandbox.Omie.Customers;
using ErpConnector.Sandbox.Omie.ServiceOrders;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie;

/// <summary>
/// The simulated Omie company: all records behind the app_key. One lock guards everything because calls touch
/// several collections at once (IncluirOS reads customers). Every lookup a call makes goes through an index, so
/// the lock is only held for O(1)/O(log n) work: a load benchmark must measure the connector, not the simulator.
/// </summary>
public sealed class OmieAccount(CityHall city, IOptions<SandboxOptions> options)
{
    // Omie ids are 10-digit longs; starting there makes int-truncation bugs in the connector visible.
    private const long FirstId = 1_000_000_001;

    private readonly Lock _gate = new();
    private long _nextId = FirstId;
    private long _nextOrderNumber = 1;
    private long _nextNfse = 1;

    // Insertion order (= ascending Id, since ids only grow) is what /_sandbox/state and ListarClientes show.
    private readonly List<Customer> _customers = [];
    private readonly Dictionary<long, Customer> _customersById = [];
    private readonly Dictionary<string, Customer> _customersByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Customer> _customersByDocument = new(StringComparer.Ordinal);

    private readonly List<ServiceOrder> _orders = [];
    private readonly Dictionary<long, ServiceOrder> _ordersById = [];
    private readonly Dictionary<string, ServiceOrder> _ordersByCode = new(StringComparer.Ordinal);

    // Every RPS in 002, by (due time, order, position in the order): the order the city processes them in.
    private readonly PriorityQueue<PendingRps, PendingRps> _pending = new(PendingRps.DueOrder);

    public IReadOnlyList<Customer> Customers => _customers;
    public IReadOnlyList<ServiceOrder> Orders => _orders;
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

    public Customer? CustomerById(long id) => _customersById.GetValueOrDefault(id);
    public Customer? CustomerByCode(string code) => _customersByCode.GetValueOrDefault(code);

    /// <summary>The customer whose CPF/CNPJ is <paramref name="document"/> regardless of punctuation and case.</summary>
    public Customer? CustomerByDocument(string? document) =>
        DocumentDigits.Of(document) is { Length: > 0 } key ? _customersByDocument.GetValueOrDefault(key) : null;

    public void AddCustomer(Customer customer)
    {
        _customers.Add(customer);
        _customersById.Add(customer.Id, customer);
        Index(customer);
    }

    /// <summary>Changes a stored customer, keeping the indexes in step with its code and document.</summary>
    public void Update(Customer customer, Action<Customer> change)
    {
        Unindex(customer);
        change(customer);
        Index(customer);
    }

    public bool RemoveCustomer(string integrationCode)
    {
        if (!_customersByCode.TryGetValue(integrationCode, out var customer)) return false;
        Unindex(customer);
        _customersById.Remove(customer.Id);
        // The list is sorted by Id, so the position is found in O(log n).
        var at = BinarySearch(_customers, customer.Id);
        _customers.RemoveAt(at);
        return true;
    }

    public ServiceOrder? OrderById(long id) => _ordersById.GetValueOrDefault(id);
    public ServiceOrder? OrderByCode(string code) => _ordersByCode.GetValueOrDefault(code);

    public void AddOrder(ServiceOrder order)
    {
        _orders.Add(order);
        _ordersById.Add(order.Id, order);
        if (order.IntegrationCode is { } code) _ordersByCode.Add(code, order);
    }

    /// <summary>Hands <paramref name="order"/>'s RPS number <paramref name="index"/> (now in 002) to the city.</summary>
    public void Send(ServiceOrder order, int index) => _pending.Enqueue(new PendingRps(order, index), new PendingRps(order, index));

    public void Clear()
    {
        lock (_gate)
        {
            _customers.Clear();
            _customersById.Clear();
            _customersByCode.Clear();
            _customersByDocument.Clear();
            _orders.Clear();
            _ordersById.Clear();
            _ordersByCode.Clear();
            _pending.Clear();
            _nextId = FirstId;
            _nextOrderNumber = 1;
            _nextNfse = 1;
        }
    }

    private void Index(Customer customer)
    {
        // Codes and documents are unique among stored customers: the calls fault before a second holder appears.
        if (customer.IntegrationCode is { } code) _customersByCode[code] = customer;
        if (customer.DocumentKey.Length > 0) _customersByDocument[customer.DocumentKey] = customer;
    }

    private void Unindex(Customer customer)
    {
        if (customer.IntegrationCode is { } code && _customersByCode.GetValueOrDefault(code) == customer) _customersByCode.Remove(code);
        if (customer.DocumentKey.Length > 0 && _customersByDocument.GetValueOrDefault(customer.DocumentKey) == customer)
        {
            _customersByDocument.Remove(customer.DocumentKey);
        }
    }

    private static int BinarySearch(List<Customer> customers, long id)
    {
        int low = 0, high = customers.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var at = customers[mid].Id;
            if (at == id) return mid;
            if (at < id) low = mid + 1;
            else high = mid - 1;
        }
        throw new InvalidOperationException($"customer {id} is indexed but not listed");
    }

    // Processed in due order so "the next N RPS processed" in a city-rejects injection means what it says.
    // Ties keep the order of the orders, then of the RPS within an order, as a full scan sorted by due time would.
    private void Settle(DateTimeOffset now)
    {
        while (_pending.TryPeek(out var next, out _) && next.Rps.DueAt <= now)
        {
            _pending.Dequeue();
            var (order, rps) = (next.Order, next.Rps);
            if (city.Judge(rps.DueAt, order, CustomerById(order.CustomerId), options.Value) is { } rejection)
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

    /// <summary>An RPS waiting for the city. Its due time is fixed while it waits: only a 003 RPS can be resent.</summary>
    private readonly record struct PendingRps(ServiceOrder Order, int Index)
    {
        public Rps Rps => Order.Rps[Index];

        public static readonly IComparer<PendingRps> DueOrder = Comparer<PendingRps>.Create((a, b) =>
        {
            var byDue = a.Rps.DueAt.CompareTo(b.Rps.DueAt);
            if (byDue != 0) return byDue;
            var byOrder = a.Order.Id.CompareTo(b.Order.Id);
            return byOrder != 0 ? byOrder : a.Index.CompareTo(b.Index);
        });
    }
}
