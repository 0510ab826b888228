module github.com/zsuite/order-rpc

go 1.26.0
