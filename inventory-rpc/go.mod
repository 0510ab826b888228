module github.com/zsuite/inventory-rpc

go 1.26.0
