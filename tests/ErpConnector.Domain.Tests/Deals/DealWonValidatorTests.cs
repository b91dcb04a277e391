using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using FluentValidation.Results;

namespace ErpConnector.Domain.Tests.Deals;

public class DealWonValidatorTests
{
    private static readonly DealWonValidator Validator = new();

    [Fact]
    public void A_complete_deal_is_valid()
    {
        var result = Validator.Validate(DealSamples.Deal);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    [Fact]
    public void Optional_fields_may_be_empty()
    {
        var deal = DealSamples.Deal with
        {
            Customer = DealSamples.Customer with { Phone = "", Address = DealSamples.Address with { Complement = "" } },
        };
        Assert.True(Validator.Validate(deal).IsValid);
    }

    [Fact]
    public void Reports_every_error_at_once_under_its_JSON_path()
    {
        var deal = new DealWon
        {
            EventId = " ",
            DealId = "deal é 42",
            Customer = new DealCustomer
            {
                LegalName = new string('A', 61),
                TradeName = "",
                Document = "11.222.333/0001-80",
                Email = "financeiro@",
                Phone = "1234",
                Address = new DealAddress
                {
                    Street = "",
                    Number = "",
                    District = "",
                    City = "",
                    State = "XX",
                    PostalCode = "0131-100",
                    CityIbgeCode = "355030",
                },
            },
            Services =
            [
                DealSamples.Support,
                new DealService { MunicipalCode = "", Lc116Code = "1.7", Description = "", Quantity = 0m, UnitPrice = -1m },
                null!,
            ],
            Currency = "USD",
            Total = 0m,
        };

        var errors = Validator.Validate(deal).Errors;

        Assert.Equal(
            [
                ("eventId", "eventId.required"),
                ("dealId", "dealId.characters"),
                ("occurredAt", "occurredAt.required"),
                ("customer.legalName", "customer.legalName.too_long"),
                ("customer.tradeName", "customer.tradeName.required"),
                ("customer.document", "customer.document.check_digits"),
                ("customer.email", "customer.email.invalid"),
                ("customer.phone", "customer.phone.invalid"),
                ("customer.address.street", "customer.address.street.required"),
                ("customer.address.number", "customer.address.number.required"),
                ("customer.address.district", "customer.address.district.required"),
                ("customer.address.city", "customer.address.city.required"),
                ("customer.address.state", "customer.address.state.unknown"),
                ("customer.address.postalCode", "customer.address.postalCode.invalid"),
                ("customer.address.cityIbgeCode", "customer.address.cityIbgeCode.invalid"),
                ("services[1].municipalCode", "services.municipalCode.required"),
                ("services[1].lc116Code", "services.lc116Code.invalid"),
                ("services[1].description", "services.description.required"),
                ("services[1].quantity", "services.quantity.not_positive"),
                ("services[1].unitPrice", "services.unitPrice.not_positive"),
                ("services[2]", "services.item.required"),
                ("currency", "currency.unsupported"),
                ("total", "total.not_positive"),
            ],
            errors.Select(e => (e.PropertyName, e.ErrorCode)).ToArray());
    }

    [Fact]
    public void Messages_name_the_field_by_its_path()
    {
        var deal = DealSamples.Deal with
        {
            Customer = DealSamples.Customer with { Email = "", Address = DealSamples.Address with { PostalCode = "123" } },
            Services = [DealSamples.Support with { UnitPrice = 0m }],
            Total = 300.50m,
        };

        var errors = Validator.Validate(deal).Errors;

        Assert.Collection(errors,
            e => Assert.StartsWith("customer.email is required", e.ErrorMessage),
            e => Assert.StartsWith("customer.address.postalCode must be a CEP of 8 digits", e.ErrorMessage),
            e => Assert.StartsWith("services[0].unitPrice must be greater than zero", e.ErrorMessage));
    }

    [Fact]
    public void Missing_customer_and_services()
    {
        var deal = DealSamples.Deal with { Customer = null, Services = null, Total = 10m };
        Assert.Equal(
            [("customer", "customer.required"), ("services", "services.required")],
            Errors(deal));
    }

    [Fact]
    public void Empty_services_and_missing_address()
    {
        var deal = DealSamples.Deal with { Customer = DealSamples.Customer with { Address = null }, Services = [] };
        Assert.Equal(
            [("customer.address", "customer.address.required"), ("services", "services.required")],
            Errors(deal));
    }

    [Fact]
    public void Null_strings_from_JSON_are_treated_as_missing()
    {
        var deal = DealSamples.Deal with
        {
            EventId = null!,
            DealId = null!,
            Currency = null!,
            Customer = DealSamples.Customer with { LegalName = null!, Document = null!, Email = null!, Phone = null! },
        };
        Assert.Equal(
            [
                ("eventId", "eventId.required"),
                ("dealId", "dealId.required"),
                ("customer.legalName", "customer.legalName.required"),
                ("customer.document", "customer.document.required"),
                ("customer.email", "customer.email.required"),
                ("currency", "currency.required"),
            ],
            Errors(deal));
    }

    [Fact]
    public void Deal_id_is_limited_to_60_characters()
    {
        Assert.Empty(Errors(DealSamples.Deal with { DealId = new string('x', 60) }));
        var error = Assert.Single(Validator.Validate(DealSamples.Deal with { DealId = new string('x', 61) }).Errors);
        Assert.Equal(("dealId", "dealId.too_long"), (error.PropertyName, error.ErrorCode));
        Assert.Contains("61 characters", error.ErrorMessage);
    }

    [Theory]
    [InlineData("deal\u000142")]
    [InlineData("negócio-42")]
    public void Deal_id_is_printable_ASCII(string dealId) =>
        Assert.Equal([("dealId", "dealId.characters")], Errors(DealSamples.Deal with { DealId = dealId }));

    [Fact]
    public void Legal_and_trade_name_limits_are_Omies()
    {
        var atLimit = DealSamples.Customer with
        {
            LegalName = new string('L', OmieFieldLimits.LegalNameMaxLength),
            TradeName = new string('T', OmieFieldLimits.TradeNameMaxLength),
        };
        Assert.Empty(Errors(DealSamples.Deal with { Customer = atLimit }));

        var over = atLimit with { LegalName = atLimit.LegalName + "L", TradeName = atLimit.TradeName + "T" };
        var errors = Validator.Validate(DealSamples.Deal with { Customer = over }).Errors;
        Assert.Equal(["customer.legalName.too_long", "customer.tradeName.too_long"], errors.Select(e => e.ErrorCode));
        Assert.Contains("at most 60", errors[0].ErrorMessage);
        Assert.Contains("at most 100", errors[1].ErrorMessage);
    }

    [Theory]
    [InlineData("", "customer.document.required")]
    [InlineData("1234567890123", "customer.document.length")]
    [InlineData("12.ABÇ.345/01DE-35", "customer.document.characters")]
    [InlineData("12.ABC.345/01DE-36", "customer.document.check_digits")]
    [InlineData("111.111.111-11", "customer.document.repeated")]
    [InlineData("123.456.78A-09", "customer.document.letters_in_cpf")]
    [InlineData("12.ABC.345/01DE-3X", "customer.document.check_digits_not_numeric")]
    public void Document_errors_surface_the_tax_id_code_and_message(string document, string code)
    {
        var error = Assert.Single(Validator.Validate(DealSamples.Deal with { Customer = DealSamples.Customer with { Document = document } }).Errors);
        Assert.Equal("customer.document", error.PropertyName);
        Assert.Equal(code, error.ErrorCode);
        Assert.StartsWith("customer.document", error.ErrorMessage);
        Assert.Equal("customer." + ErpConnector.Domain.TaxIds.TaxId.Parse(document).ErrorMessage, error.ErrorMessage);
    }

    [Theory]
    [InlineData("123.456.789-09")]
    [InlineData("11222333000181")]
    [InlineData("00.000.000/E08G-12")]
    public void Documents_in_any_mask_are_accepted(string document) =>
        Assert.Empty(Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Document = document } }));

    [Theory]
    [InlineData("a@b.co")]
    [InlineData("nome.sobrenome+nfse@empresa.com.br")]
    [InlineData(" financeiro@acme.com.br ")]
    public void Accepts_sane_emails(string email) =>
        Assert.Empty(Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Email = email } }));

    [Theory]
    [InlineData("financeiro")]
    [InlineData("financeiro@acme")]
    [InlineData("@acme.com.br")]
    [InlineData("a@b@acme.com.br")]
    [InlineData("fin@acme.com.br; ti@acme.com.br")]
    [InlineData("fin@acme.com.br,ti@acme.com.br")]
    [InlineData("fin anceiro@acme.com.br")]
    [InlineData("fin@acme..com.br")]
    [InlineData("fin@-acme.com.br")]
    [InlineData(".fin@acme.com.br")]
    [InlineData("fin@acme.c")]
    public void Rejects_emails_that_cannot_receive_the_invoice(string email) =>
        Assert.Equal([("customer.email", "customer.email.invalid")],
            Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Email = email } }));

    [Theory]
    [InlineData("(11) 98765-4321")]
    [InlineData("11987654321")]
    [InlineData("(11) 3456-7890")]
    [InlineData("+55 11 98765-4321")]
    [InlineData("11.3456.7890")]
    public void Accepts_phones_with_area_code(string phone) =>
        Assert.Empty(Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Phone = phone } }));

    [Theory]
    [InlineData("98765-4321")] // no area code
    [InlineData("011 98765-4321")] // trunk prefix
    [InlineData("+1 415 555 0100")]
    [InlineData("(11) 98765-43210")]
    [InlineData("(11) 9876-543x")]
    public void Rejects_phones_without_a_usable_shape(string phone) =>
        Assert.Equal([("customer.phone", "customer.phone.invalid")],
            Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Phone = phone } }));

    [Theory]
    [InlineData("sp")]
    [InlineData(" SP ")]
    public void State_is_trimmed_and_upper_cased(string state) =>
        Assert.Empty(Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Address = DealSamples.Address with { State = state } } }));

    [Theory]
    [InlineData("", "customer.address.state.required")]
    [InlineData("São Paulo", "customer.address.state.unknown")]
    [InlineData("XX", "customer.address.state.unknown")]
    [InlineData("S", "customer.address.state.unknown")]
    public void State_must_be_a_real_UF(string state, string code) =>
        Assert.Equal([("customer.address.state", code)],
            Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Address = DealSamples.Address with { State = state } } }));

    [Fact]
    public void City_IBGE_code_must_belong_to_the_state()
    {
        var deal = DealSamples.Deal with
        {
            Customer = DealSamples.Customer with { Address = DealSamples.Address with { State = "RJ", CityIbgeCode = "3550308" } },
        };
        var error = Assert.Single(Validator.Validate(deal).Errors);
        Assert.Equal(("customer.address.cityIbgeCode", "customer.address.cityIbgeCode.state_mismatch"), (error.PropertyName, error.ErrorCode));
        Assert.Contains("3550308 is not a city of RJ", error.ErrorMessage);
        Assert.Contains("start with 33", error.ErrorMessage);
    }

    [Theory]
    [InlineData("RJ", "3304557")]
    [InlineData("DF", "5300108")]
    [InlineData("rs", "4314902")]
    public void City_IBGE_code_of_the_right_state_is_accepted(string state, string code) =>
        Assert.Empty(Errors(DealSamples.Deal with
        {
            Customer = DealSamples.Customer with { Address = DealSamples.Address with { State = state, CityIbgeCode = code } },
        }));

    [Theory]
    [InlineData("", "customer.address.cityIbgeCode.required")]
    [InlineData("355030", "customer.address.cityIbgeCode.invalid")]
    [InlineData("35503080", "customer.address.cityIbgeCode.invalid")]
    [InlineData("355O308", "customer.address.cityIbgeCode.invalid")]
    public void City_IBGE_code_has_seven_digits(string code, string error) =>
        Assert.Equal([("customer.address.cityIbgeCode", error)],
            Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Address = DealSamples.Address with { CityIbgeCode = code } } }));

    [Fact]
    public void An_unknown_state_is_reported_once_not_again_on_the_city_code() =>
        Assert.Equal([("customer.address.state", "customer.address.state.unknown")],
            Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Address = DealSamples.Address with { State = "ZZ" } } }));

    [Theory]
    [InlineData("01310-100")]
    [InlineData("01310100")]
    [InlineData("01.310-100")]
    public void Postal_code_accepts_its_masks(string cep) =>
        Assert.Empty(Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Address = DealSamples.Address with { PostalCode = cep } } }));

    [Theory]
    [InlineData("", "customer.address.postalCode.required")]
    [InlineData("0131-0100x", "customer.address.postalCode.invalid")]
    [InlineData("013101000", "customer.address.postalCode.invalid")]
    [InlineData("01310 100", "customer.address.postalCode.invalid")]
    public void Postal_code_needs_eight_digits(string cep, string code) =>
        Assert.Equal([("customer.address.postalCode", code)],
            Errors(DealSamples.Deal with { Customer = DealSamples.Customer with { Address = DealSamples.Address with { PostalCode = cep } } }));

    [Theory]
    [InlineData("1.07")]
    [InlineData("01.07")]
    [InlineData("0107")]
    [InlineData("17.01")]
    [InlineData("40.01")]
    public void LC116_code_shapes(string code) =>
        Assert.Empty(Errors(DealSamples.Deal with { Services = [DealSamples.Support with { Lc116Code = code }], Total = 300.50m }));

    [Theory]
    [InlineData("", "services.lc116Code.required")]
    [InlineData("107", "services.lc116Code.invalid")]
    [InlineData("1.7", "services.lc116Code.invalid")]
    [InlineData("01/07", "services.lc116Code.invalid")]
    [InlineData("41.01", "services.lc116Code.invalid")]
    [InlineData("00.01", "services.lc116Code.invalid")]
    [InlineData("01.00", "services.lc116Code.invalid")]
    [InlineData("001.07", "services.lc116Code.invalid")]
    public void LC116_code_must_be_a_list_item(string code, string error) =>
        Assert.Equal([("services[0].lc116Code", error)],
            Errors(DealSamples.Deal with { Services = [DealSamples.Support with { Lc116Code = code }], Total = 300.50m }));

    [Fact]
    public void Total_must_equal_the_rounded_sum_of_the_lines()
    {
        var error = Assert.Single(Validator.Validate(DealSamples.Deal with { Total = 450.99m }).Errors);
        Assert.Equal(("total", "total.mismatch"), (error.PropertyName, error.ErrorCode));
        Assert.Contains("total is 450.99", error.ErrorMessage);
        Assert.Contains("add up to 451.00", error.ErrorMessage);
    }

    [Fact]
    public void Total_may_be_written_with_any_scale() =>
        Assert.Empty(Errors(DealSamples.Deal with { Total = 451m }));

    [Fact]
    public void Rounding_is_half_away_from_zero_on_the_sum()
    {
        // 0.005 × 1 would round to 0.00 half-to-even; commercial rounding gives 0.01.
        var deal = DealSamples.Deal with { Services = [DealSamples.Support with { Quantity = 1m, UnitPrice = 0.005m }], Total = 0.01m };
        Assert.Empty(Errors(deal));
    }

    [Fact]
    public void Total_is_not_compared_when_lines_are_already_wrong() =>
        Assert.Equal([("services[0].quantity", "services.quantity.not_positive")],
            Errors(DealSamples.Deal with { Services = [DealSamples.Support with { Quantity = 0m }], Total = 1m }));

    [Fact]
    public void Total_out_of_range_is_reported_not_thrown()
    {
        var huge = DealSamples.Support with { Quantity = 7.9e27m, UnitPrice = 7.9e27m };
        Assert.Equal([("total", "total.out_of_range")], Errors(DealSamples.Deal with { Services = [huge], Total = 1m }));
    }

    [Fact]
    public void At_most_500_services()
    {
        var many = Enumerable.Repeat(DealSamples.Support with { Quantity = 1m, UnitPrice = 1m }, DealWonValidator.MaxServices).ToArray();
        Assert.Empty(Errors(DealSamples.Deal with { Services = many, Total = 500m }));

        var tooMany = many.Append(DealSamples.Support with { Quantity = 0m }).ToArray();
        Assert.Equal([("services", "services.too_many")], Errors(DealSamples.Deal with { Services = tooMany, Total = 501m }));
    }

    [Theory]
    [InlineData("", "currency.required")]
    [InlineData("brl", "currency.unsupported")]
    [InlineData("USD", "currency.unsupported")]
    public void Currency_must_be_BRL(string currency, string code) =>
        Assert.Equal([("currency", code)], Errors(DealSamples.Deal with { Currency = currency }));

    [Fact]
    public void Every_failure_has_a_dotted_code_and_no_default_FluentValidation_message()
    {
        var deal = new DealWon
        {
            Customer = new DealCustomer { Address = new DealAddress(), Phone = "x" },
            Services = [new DealService()],
            Total = -1m,
        };
        var errors = Validator.Validate(deal).Errors;
        Assert.True(errors.Count > 15);
        Assert.All(errors, e =>
        {
            Assert.Matches(@"^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9_]*)+$", e.ErrorCode);
            Assert.Matches(@"^[a-z][A-Za-z0-9]*(\[\d+\])?(\.[a-z][A-Za-z0-9]*(\[\d+\])?)*$", e.PropertyName);
            Assert.DoesNotContain("'", e.ErrorMessage[..Math.Min(3, e.ErrorMessage.Length)]);
            Assert.StartsWith(e.PropertyName, e.ErrorMessage);
        });
    }

    private static (string, string)[] Errors(DealWon deal) =>
        Validator.Validate(deal).Errors.Select(e => (e.PropertyName, e.ErrorCode)).ToArray();
}
