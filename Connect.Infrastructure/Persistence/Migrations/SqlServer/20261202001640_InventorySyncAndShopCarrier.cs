using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InventorySyncAndShopCarrier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedAt",
                table: "StockExportRequests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckedShopQuantity",
                table: "StockExportRequests",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CarrierSentAt",
                table: "PendingShippingConfirmations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ShopCarrierRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    IntegrationId = table.Column<int>(type: "int", nullable: false),
                    ShippingMethodId = table.Column<int>(type: "int", nullable: true),
                    CarrierReference = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CarrierName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopCarrierRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShopCarrierRules_Integrations_IntegrationId",
                        column: x => x.IntegrationId,
                        principalTable: "Integrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ShopCarrierRules_ShippingMethods_ShippingMethodId",
                        column: x => x.ShippingMethodId,
                        principalTable: "ShippingMethods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShopCarrierRules_IntegrationId_ShippingMethodId",
                table: "ShopCarrierRules",
                columns: new[] { "IntegrationId", "ShippingMethodId" },
                unique: true,
                filter: "[ShippingMethodId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ShopCarrierRules_ShippingMethodId",
                table: "ShopCarrierRules",
                column: "ShippingMethodId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShopCarrierRules");

            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "CheckedShopQuantity",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "CarrierSentAt",
                table: "PendingShippingConfirmations");
        }
    }
}
