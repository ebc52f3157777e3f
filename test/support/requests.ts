/** Requests the dialog tests send, one spelling each (the recorded classifier is keyed by text). */
export const PROPERTY = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';
export const STREETLIGHT = '小区门口的路灯坏了一个多月了，晚上黑漆漆的很危险';
export const BBQ = '楼下烧烤店油烟太大，熏得家里没法开窗';
export const SUBSIDY = '我想问问关于补贴的事';
export const MIXED = 'The property management company 物业 keeps overcharging me';
